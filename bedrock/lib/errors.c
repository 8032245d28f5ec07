/* The message table for SH_E* codes, shared by kernel, libc and flint. */
#include <shale/errors.h>

static const char *const messages[SH_ECOUNT] = {
	[SH_OK] = "success",
#define X(name, num, msg) [SH_##name] = msg,
#include <shale/errors.def>
#undef X
};

const char *sh_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= SH_ECOUNT || !messages[err])
		return "unknown error";
	return messages[err];
}
