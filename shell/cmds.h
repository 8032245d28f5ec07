/* Every command of flint, by the file that holds it. */
#ifndef FLINT_CMDS_H
#define FLINT_CMDS_H

#include "flint.h"

/* cmd_file.c: files on any scheme */
int cmd_ls(int argc, char **argv, struct io *io);
int cmd_cat(int argc, char **argv, struct io *io);
int cmd_write(int argc, char **argv, struct io *io);
int cmd_append(int argc, char **argv, struct io *io);
int cmd_stat(int argc, char **argv, struct io *io);
int cmd_cd(int argc, char **argv, struct io *io);
int cmd_pwd(int argc, char **argv, struct io *io);

/* cmd_fileops.c: changing the tree */
int cmd_cp(int argc, char **argv, struct io *io);
int cmd_mv(int argc, char **argv, struct io *io);
int cmd_rm(int argc, char **argv, struct io *io);
int cmd_mkdir(int argc, char **argv, struct io *io);
int cmd_rmdir(int argc, char **argv, struct io *io);

/* cmd_text.c: text in, text out */
int cmd_echo(int argc, char **argv, struct io *io);
int cmd_hexdump(int argc, char **argv, struct io *io);
int cmd_grep(int argc, char **argv, struct io *io);
int cmd_wc(int argc, char **argv, struct io *io);
int cmd_head(int argc, char **argv, struct io *io);
int cmd_tail(int argc, char **argv, struct io *io);

/* cmd_sys.c: the machine */
int cmd_ps(int argc, char **argv, struct io *io);
int cmd_mem(int argc, char **argv, struct io *io);
int cmd_uptime(int argc, char **argv, struct io *io);
int cmd_dmesg(int argc, char **argv, struct io *io);
int cmd_reboot(int argc, char **argv, struct io *io);
int cmd_halt(int argc, char **argv, struct io *io);

/* cmd_fs.c: file systems as wholes */
int cmd_df(int argc, char **argv, struct io *io);
int cmd_sync(int argc, char **argv, struct io *io);

/* cmd_silo.c, cmd_silo_live.c: silos, schemes, namespaces */
int cmd_silo(int argc, char **argv, struct io *io);
int cmd_scheme(int argc, char **argv, struct io *io);
int cmd_ns(int argc, char **argv, struct io *io);

/* cmd_net.c: the network (net:) */
int cmd_ifconfig(int argc, char **argv, struct io *io);
int cmd_netstat(int argc, char **argv, struct io *io);
int cmd_ping(int argc, char **argv, struct io *io);
int cmd_fetch(int argc, char **argv, struct io *io);

/* cmd_erl.c: the Erlang silo's shell */
int cmd_erl(int argc, char **argv, struct io *io);

/* cmd_shell.c: the shell itself */
int cmd_help(int argc, char **argv, struct io *io);
int cmd_run(int argc, char **argv, struct io *io);
int cmd_history(int argc, char **argv, struct io *io);
int cmd_true(int argc, char **argv, struct io *io);
int cmd_false(int argc, char **argv, struct io *io);
int cmd_sleep(int argc, char **argv, struct io *io);

/* cmd_eink.c: the e-ink panel (eink:) */
int cmd_eink(int argc, char **argv, struct io *io);

/* Shared file helper (cmd_file.c): reads the whole file at a full path
 * into a malloc'd buffer (*data, *len).  Returns 0 or -SH_E*. */
int file_slurp(const char *path, char **data, size_t *len);

#endif
