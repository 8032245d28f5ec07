/* Shale error codes (ABI).  The list lives in errors.def. */
#ifndef SHALE_ERRORS_H
#define SHALE_ERRORS_H

enum sh_error {
	SH_OK = 0,
#define X(name, num, msg) SH_##name = num,
#include <shale/errors.def>
#undef X
	SH_ECOUNT
};

/* Returns the message for an error code, positive or negative; never NULL
 * ("unknown error" for a number outside the list). */
const char *sh_strerror(int err);

#endif
