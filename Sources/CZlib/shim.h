#ifndef GAZETTE_CZLIB_SHIM_H
#define GAZETTE_CZLIB_SHIM_H
#include <zlib.h>
#endif
