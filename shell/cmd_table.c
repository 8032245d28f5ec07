/* The command table: one line per command with its usage and what it
 * does, which `help` prints, completion offers and suggestions search. */
#include <string.h>

#include "cmds.h"

const struct cmd cmd_table[] = {
	{ "append", cmd_append, "append PATH TEXT...", "add the words as a line at the end of a file" },
	{ "cat", cmd_cat, "cat [PATH...]", "print files (or piped input)" },
	{ "cd", cmd_cd, "cd [DIR]", "change the current directory (default: fs:/, or boot:/ when there is no fs)" },
	{ "cp", cmd_cp, "cp FROM TO", "copy a file, across schemes too" },
	{ "df", cmd_df, "df", "blocks and inodes used and free on each file system" },
	{ "dmesg", cmd_dmesg, "dmesg", "print the kernel log" },
	{ "echo", cmd_echo, "echo [-n] [WORD...]", "print the words" },
	{ "eink", cmd_eink, "eink text WORDS... | clear | show PATH [X Y] | refresh full | refresh partial X Y W H | sleep | wake | status", "the e-ink panel (eink:)" },
	{ "erl", cmd_erl, "erl [-run MOD FUN [ARG...]]", "an Erlang shell in the erlang silo (q(). or Ctrl-D comes back), or run MOD:FUN there" },
	{ "fetch", cmd_fetch, "fetch net:tcp/ADDR:PORT PATH", "HTTP/1.0 GET of PATH; print the body (> FILE saves it)" },
	{ "false", cmd_false, "false", "fail with status 1" },
	{ "grep", cmd_grep, "grep TEXT [PATH...]", "print the lines that contain TEXT" },
	{ "halt", cmd_halt, "halt", "stop every silo in order and power off" },
	{ "head", cmd_head, "head [-n N] [PATH...]", "the first N lines (10)" },
	{ "help", cmd_help, "help [COMMAND]", "list the commands, or say how to use one" },
	{ "hexdump", cmd_hexdump, "hexdump [PATH...]", "print bytes in hex and ASCII" },
	{ "history", cmd_history, "history", "print the lines typed before" },
	{ "ifconfig", cmd_ifconfig, "ifconfig", "the network interface: address, gateway, MAC, counters" },
	{ "ls", cmd_ls, "ls [-l] [PATH...]", "list a directory (or the schemes, for ':')" },
	{ "mem", cmd_mem, "mem", "print memory use" },
	{ "mkdir", cmd_mkdir, "mkdir DIR...", "make directories" },
	{ "mv", cmd_mv, "mv FROM TO", "rename or move a file" },
	{ "netstat", cmd_netstat, "netstat [-a]", "TCP connections and their states (-a: and the ARP cache)" },
	{ "ns", cmd_ns, "ns [SILO]", "print a silo's namespace as it sees it (default: flint's)" },
	{ "ping", cmd_ping, "ping ADDR [COUNT]", "send COUNT (4) ICMP echo requests, one a second" },
	{ "ps", cmd_ps, "ps", "list processes" },
	{ "pwd", cmd_pwd, "pwd", "print the current directory" },
	{ "reboot", cmd_reboot, "reboot", "stop every silo and restart the machine" },
	{ "rm", cmd_rm, "rm PATH...", "remove files" },
	{ "rmdir", cmd_rmdir, "rmdir DIR...", "remove empty directories" },
	{ "run", cmd_run, "run PATH", "run a file of flint lines; stop at the first failure" },
	{ "scheme", cmd_scheme, "scheme ls", "list every scheme, who serves it, who may use it" },
	{ "silo", cmd_silo, "silo SUBCOMMAND ...", "manage silos (help silo for the list)" },
	{ "sleep", cmd_sleep, "sleep MS", "wait MS milliseconds (^C stops)" },
	{ "stat", cmd_stat, "stat PATH...", "print a file's type, size, mode and times" },
	{ "sync", cmd_sync, "sync", "write every file system's cache back to its disk" },
	{ "tail", cmd_tail, "tail [-n N] [PATH...]", "the last N lines (10)" },
	{ "true", cmd_true, "true", "succeed" },
	{ "uptime", cmd_uptime, "uptime", "time since boot" },
	{ "wc", cmd_wc, "wc [PATH...]", "count lines, words and bytes" },
	{ "write", cmd_write, "write PATH TEXT...", "replace a file with the words as a line" },
};
const size_t cmd_count = sizeof(cmd_table) / sizeof(cmd_table[0]);

const struct cmd *cmd_find(const char *name)
{
	for (size_t i = 0; i < cmd_count; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

const char *const *cmd_names(void)
{
	static const char *names[sizeof(cmd_table) / sizeof(cmd_table[0])];

	if (!names[0])
		for (size_t i = 0; i < cmd_count; i++)
			names[i] = cmd_table[i].name;
	return names;
}
