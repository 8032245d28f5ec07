/* Starting a program from the boot archive: find bin/<name>, hand the ELF
 * to proc_spawn (which validates and copies it into the child). */
#include <string.h>

#include <shale.h>

long sh_spawn_program(const char *name, const char *args, size_t args_len,
		      struct sh_spawn *sp)
{
	char path[4 + SH_NAME_MAX + 1] = "bin/";
	size_t n = strlen(name);
	const void *elf;
	size_t len;
	int r;

	if (n == 0 || n > SH_NAME_MAX)
		return -SH_ENAMETOOLONG;
	memcpy(path + 4, name, n + 1);
	r = sh_bootfs_find(path, &elf, &len);
	if (r < 0)
		return r;
	if (!args) {
		/* argv[0] alone: the program's name. */
		args = name;
		args_len = n + 1;
	}
	if (args_len > SH_ARGS_MAX)
		return -SH_E2BIG;
	sp->name = name;
	sp->args = args;
	sp->args_len = (uint32_t)args_len;
	return sh_proc_spawn(elf, len, sp);
}
