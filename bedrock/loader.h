/* Starting programs: validate a static ELF, build its address space,
 * stack and start block, and start its main thread. */
#ifndef BEDROCK_LOADER_H
#define BEDROCK_LOADER_H

#include <stddef.h>
#include <stdint.h>

struct thread;

/* Where every process's stack ends (its start block sits just below). */
#define LOADER_STACK_TOP	0x00007ffffff00000ULL
#define LOADER_STACK_DEFAULT	(64 * 1024)
#define LOADER_STACK_MAX	(8 * 1024 * 1024)
#define LOADER_ELF_MAX		(4 * 1024 * 1024)

/* proc_spawn for thread t (see shale/syscall.h). */
long loader_spawn(struct thread *t, uint64_t elf_uva, uint64_t len, uint64_t spawn_uva);

/* Starts the first process from an ELF image in kernel memory, giving it
 * the root silo, the boot archive and the device tree.  Returns 0 or a
 * negative SH_E* code (the reason is logged). */
int loader_start_init(const void *elf, size_t len, const char *name, const char *args,
		      size_t args_len, uint64_t bootfs_pa, uint64_t bootfs_size,
		      const void *dtb, size_t dtb_size);

#endif
