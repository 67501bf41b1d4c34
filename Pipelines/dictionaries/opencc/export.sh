#!/bin/sh
# Re-exports the OpenCC dictionaries Gazette converts script with, as text, from the installed OpenCC data
# (Debian: opencc, libopencc1.1 data in /usr/share/opencc). Run from this folder:  sh export.sh [DATA_FOLDER]
# Gazette reads these files, not the machine's OpenCC, so a report's text does not depend on which OpenCC a
# machine has; the differential tests compare Gazette's converter with the installed libopencc.
set -eu
data="${1:-/usr/share/opencc}"
for dictionary in TSPhrases TSCharacters TWPhrasesRev TWVariantsRevPhrases TWVariantsRev STCharacters; do
  opencc_dict -i "$data/$dictionary.ocd2" -o "$dictionary.txt" -f ocd2 -t text
done
