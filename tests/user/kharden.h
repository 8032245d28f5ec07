/* kharden's parts (kharden.c, kharden_matrix.c) and their shared helpers. */
#ifndef TESTS_USER_KHARDEN_H
#define TESTS_USER_KHARDEN_H

#include <stddef.h>
#include <stdint.h>

#include <shale.h>

/* kchild's image in the boot archive. */
extern const void *kh_elf;
extern size_t kh_elf_len;

/* A sub-silo of parent named name, its page limit set when pages != 0. */
long kh_silo(const char *name, sh_handle_t parent, uint64_t pages);
struct sh_silo_stat kh_silo_stat(sh_handle_t s);
struct sh_stat_mem kh_mem(void);

/* Spawns kchild with the given argument strings (sp's other fields as
 * set); returns the VSpace handle or the error. */
long kh_spawn(struct sh_spawn *sp, const char *args, size_t args_len);

/* Waits up to 10 s for child c (killing it then), closes its handles,
 * returns its exit code or the wait's error. */
long kh_reap(long c, struct sh_spawn *sp);

/* The lifetime matrix. */
void kharden_matrix(void);

#endif
