#include <string.h>

#include "fpath.h"

const char *fpath_base(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		s = strchr(path, ':');
	return s ? s + 1 : path;
}
