#ifndef GAZETTE_CUCHARDET_SHIM_H
#define GAZETTE_CUCHARDET_SHIM_H
#include <uchardet.h>
#endif
