#ifndef GAZETTE_COPENCC_SHIM_H
#define GAZETTE_COPENCC_SHIM_H
#include <opencc.h>
#endif
