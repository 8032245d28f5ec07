/* posixfiles: a program written as for any POSIX system — stdio and the
 * POSIX file calls, no Shale header — run in a silo by the storage tests.
 *
 *   posixfiles DIR          DIR ("fs:/posixtest") is made afresh and used:
 *                           stdio write/append/read back, open/pread/
 *                           pwrite/lseek/ftruncate/fsync, rename, readdir,
 *                           relative paths after chdir, errno for each
 *                           failure.  It leaves DIR/notes.txt (the text
 *                           the test checks from outside) and
 *                           DIR/data.bin (100,000 bytes of a pattern).
 *   posixfiles --stream DIR writes DIR/f000, f001, ... (4096 + i bytes
 *                           each, a pattern of i), each created, written,
 *                           fsynced and closed, and says "posixfiles:
 *                           fsynced fNNN" after each; at the first
 *                           failure (its file system killed under it) it
 *                           says "posixfiles: stream stopped at fNNN" and
 *                           ends; after STREAM_FILES "stream done".
 *   posixfiles --ro PATH    the read-only checks on a file of a read-only
 *                           scheme (boot:): fopen/fgets/fstat/opendir, and
 *                           every write refused with errno set.
 *
 * Each failed check prints "posixfiles: FAIL what (errno N)"; the last
 * line is "posixfiles: PASS N checks" or "posixfiles: FAILED F of N". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define LINES 100
#define DATA_BYTES 100000

static int checks, failed;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok) {
		failed++;
		printf("posixfiles: FAIL %s (errno %d)\n", what, errno);
	}
}

/* The i-th line of notes.txt. */
static void note_line(int i, char *buf, size_t cap)
{
	snprintf(buf, cap, "line %03d: the quick brown fox %d\n", i, i * 7919);
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)((i * 131u + (i >> 8)) & 0xff);
}

/* stdio: write LINES lines, append one, read all back with fgets. */
static void stdio_checks(void)
{
	char want[96], got[96];
	struct stat st;
	long expect = 0;
	FILE *f;
	int i, ok;

	f = fopen("notes.txt", "w");
	check(f != NULL, "fopen w");
	if (!f)
		return;
	for (i = 0; i < LINES; i++) {
		note_line(i, want, sizeof(want));
		expect += (long)strlen(want);
		check(fprintf(f, "%s", want) == (int)strlen(want), "fprintf");
	}
	check(fclose(f) == 0, "fclose w");

	f = fopen("notes.txt", "a");
	check(f != NULL, "fopen a");
	if (f) {
		check(fprintf(f, "appended %s\n", "by stdio") > 0, "fprintf a");
		check(fclose(f) == 0, "fclose a");
		expect += (long)strlen("appended by stdio\n");
	}
	check(stat("notes.txt", &st) == 0 && S_ISREG(st.st_mode) &&
	      st.st_size == expect, "stat size after append");

	f = fopen("fs_scheme_unused_name_never_made", "r");
	check(!f && errno == ENOENT, "fopen missing: ENOENT");

	f = fopen("notes.txt", "r");
	check(f != NULL, "fopen r");
	if (!f)
		return;
	ok = 1;
	for (i = 0; i < LINES; i++) {
		note_line(i, want, sizeof(want));
		if (!fgets(got, sizeof(got), f) || strcmp(got, want) != 0)
			ok = 0;
	}
	check(ok, "fgets every line back");
	check(fgets(got, sizeof(got), f) &&
	      strcmp(got, "appended by stdio\n") == 0, "fgets appended line");
	check(fgets(got, sizeof(got), f) == NULL && feof(f), "fgets at EOF");
	check(fseek(f, 10, SEEK_SET) == 0 && ftell(f) == 10, "fseek/ftell");
	check(fgets(got, sizeof(got), f) && strncmp(got, "quick", 5) != 0 &&
	      got[0] == 't', "fgets after fseek");
	check(fclose(f) == 0, "fclose r");
}

/* The POSIX calls on data.bin. */
static void posix_checks(void)
{
	static unsigned char buf[DATA_BYTES], back[DATA_BYTES];
	struct stat st;
	int fd, ok;
	size_t i;

	for (i = 0; i < DATA_BYTES; i++)
		buf[i] = pattern(i);
	fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check(fd >= 3, "open O_CREAT");
	if (fd < 0)
		return;
	check(write(fd, buf, DATA_BYTES) == DATA_BYTES, "write 100000");
	check(lseek(fd, 0, SEEK_CUR) == DATA_BYTES, "lseek CUR");
	check(fsync(fd) == 0, "fsync");
	check(fstat(fd, &st) == 0 && st.st_size == DATA_BYTES, "fstat size");
	check(lseek(fd, 0, SEEK_SET) == 0, "lseek SET");
	check(read(fd, back, DATA_BYTES) == DATA_BYTES &&
	      memcmp(buf, back, DATA_BYTES) == 0, "read back 100000");
	check(read(fd, back, 10) == 0, "read at EOF");
	check(pread(fd, back, 100, 5000) == 100 &&
	      memcmp(back, buf + 5000, 100) == 0, "pread");
	check(pwrite(fd, "XYZ", 3, 70000) == 3, "pwrite");
	buf[70000] = 'X';
	buf[70001] = 'Y';
	buf[70002] = 'Z';
	check(lseek(fd, -3, SEEK_END) == DATA_BYTES - 3, "lseek END");
	check(pread(fd, back, DATA_BYTES, 0) == DATA_BYTES &&
	      memcmp(back, buf, DATA_BYTES) == 0, "pread after pwrite");
	check(ftruncate(fd, 200000) == 0 && fstat(fd, &st) == 0 &&
	      st.st_size == 200000, "ftruncate grows");
	check(pread(fd, back, 16, 150000) == 16, "read the hole");
	ok = 1;
	for (i = 0; i < 16; i++)
		ok &= back[i] == 0;
	check(ok, "a hole reads as zeros");
	check(ftruncate(fd, DATA_BYTES) == 0 && fstat(fd, &st) == 0 &&
	      st.st_size == DATA_BYTES, "ftruncate shrinks");
	check(fsync(fd) == 0, "fsync after truncate");
	check(close(fd) == 0, "close");
	check(close(fd) == -1 && errno == EBADF, "close twice: EBADF");
	check(read(fd, back, 1) == -1 && errno == EBADF, "read closed: EBADF");
}

/* Directories, renames and the errors a user meets. */
static void tree_checks(const char *dir)
{
	char cwd[256];
	struct dirent *e;
	struct statvfs vfs;
	struct stat st;
	int seen = 0, fd;
	DIR *d;

	check(mkdir("sub", 0755) == 0, "mkdir sub");
	check(mkdir("sub", 0755) == -1 && errno == EEXIST, "mkdir again: EEXIST");
	fd = open("sub/moved", O_WRONLY | O_CREAT | O_EXCL, 0600);
	check(fd >= 0 && write(fd, "m\n", 2) == 2 && close(fd) == 0,
	      "create sub/moved");
	check(open("sub/moved", O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 &&
	      errno == EEXIST, "O_EXCL: EEXIST");
	check(rename("sub/moved", "moved.txt") == 0, "rename across dirs");
	check(stat("sub/moved", &st) == -1 && errno == ENOENT,
	      "old name gone: ENOENT");
	check(stat("moved.txt", &st) == 0 && st.st_size == 2, "new name there");
	check(rmdir(".") == -1, "rmdir . refused");
	check(chdir("sub") == 0 && getcwd(cwd, sizeof(cwd)) &&
	      strlen(cwd) > 4 && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0,
	      "chdir sub, getcwd");
	check(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) &&
	      strcmp(cwd, dir) == 0, "chdir .., back in DIR");
	check(rmdir("sub") == 0, "rmdir sub");
	check(unlink("moved.txt") == 0, "unlink");
	check(unlink("moved.txt") == -1 && errno == ENOENT, "unlink again: ENOENT");
	check(chdir("notes.txt") == -1 && errno == ENOTDIR, "chdir file: ENOTDIR");
	check(open("nope:/x", O_RDONLY) == -1 && errno == ENOENT,
	      "unknown scheme: ENOENT");
	check(open("", O_RDONLY) == -1 && errno == ENOENT, "empty path: ENOENT");

	d = opendir(".");
	check(d != NULL, "opendir .");
	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, "notes.txt") && e->d_type == DT_REG)
				seen |= 1;
			if (!strcmp(e->d_name, "data.bin") && e->d_type == DT_REG)
				seen |= 2;
			if (!strcmp(e->d_name, "sub") || !strcmp(e->d_name, "moved.txt"))
				seen |= 4;
		}
		check(closedir(d) == 0, "closedir");
	}
	check(seen == 3, "readdir: notes.txt and data.bin, nothing removed");
	check(statvfs(dir, &vfs) == 0 && vfs.f_blocks > 0 &&
	      vfs.f_bfree <= vfs.f_blocks && vfs.f_files > 0, "statvfs");
	sync();
}

static int rw_mode(const char *dir)
{
	struct stat st;
	char cwd[256];

	/* a leftover from an earlier run goes first */
	if (stat(dir, &st) == 0) {
		chdir(dir);
		unlink("notes.txt");
		unlink("data.bin");
		unlink("moved.txt");
		unlink("sub/moved");
		rmdir("sub");
		chdir("/");
		check(rmdir(dir) == 0, "remove the old DIR");
	}
	check(mkdir(dir, 0755) == 0, "mkdir DIR");
	check(chdir(dir) == 0, "chdir DIR");
	check(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, dir) == 0, "getcwd");
	stdio_checks();
	posix_checks();
	tree_checks(dir);
	return 0;
}

static int ro_mode(const char *path)
{
	char line[256];
	struct stat st;
	int lines = 0, fd;
	FILE *f;
	DIR *d;

	f = fopen(path, "r");
	check(f != NULL, "fopen r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			lines++;
		check(lines > 0 && feof(f), "fgets to EOF");
		check(fclose(f) == 0, "fclose");
	}
	check(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0,
	      "stat");
	f = fopen(path, "w");
	check(!f && errno == EPERM, "fopen w on a read-only scheme: EPERM");
	fd = open(path, O_RDONLY);
	check(fd >= 3 && write(fd, "x", 1) == -1 && errno == EPERM,
	      "write to a read-only fd: EPERM");
	check(fd < 0 || close(fd) == 0, "close");
	check(unlink(path) == -1 && errno == EPERM, "unlink: EPERM");
	check(mkdir("boot:/newdir", 0755) == -1 && errno == EPERM,
	      "mkdir: EPERM");
	d = opendir("boot:/bin");
	check(d != NULL, "opendir boot:/bin");
	if (d) {
		struct dirent *e;
		int found = 0;

		while ((e = readdir(d)) != NULL)
			found |= strcmp(e->d_name, "posixfiles") == 0;
		check(found, "readdir finds bin/posixfiles");
		closedir(d);
	}
	check(chdir("boot:/silos") == 0 && stat("shell.silo", &st) == 0,
	      "relative path after chdir");
	check(opendir("boot:/nope") == NULL && errno == ENOENT,
	      "opendir missing: ENOENT");
	printf("posixfiles: %s has %d lines\n", path, lines);
	return 0;
}

#define STREAM_FILES 400

static int stream_mode(const char *dir)
{
	static unsigned char buf[4096 + STREAM_FILES];
	char name[64];
	int i;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		printf("posixfiles: stream stopped at mkdir %s (errno %d)\n",
		       dir, errno);
		return 1;
	}
	for (i = 0; i < STREAM_FILES; i++) {
		size_t n = 4096 + (size_t)i, k;
		int fd, ok;

		for (k = 0; k < n; k++)
			buf[k] = (unsigned char)((k * 7 + (size_t)i * 13) & 0xff);
		snprintf(name, sizeof(name), "%s/f%03d", dir, i);
		fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		ok = fd >= 0 && write(fd, buf, n) == (ssize_t)n && fsync(fd) == 0;
		if (fd >= 0 && close(fd) < 0)
			ok = 0;
		if (!ok) {
			printf("posixfiles: stream stopped at f%03d (errno %d)\n",
			       i, errno);
			return 0;
		}
		printf("posixfiles: fsynced f%03d\n", i);
	}
	printf("posixfiles: stream done\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--stream") == 0)
		return stream_mode(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--ro") == 0)
		ro_mode(argv[2]);
	else
		rw_mode(argc > 1 ? argv[1] : "fs:/posixtest");
	if (failed)
		printf("posixfiles: FAILED %d of %d\n", failed, checks);
	else
		printf("posixfiles: PASS %d checks\n", checks);
	return failed ? 1 : 0;
}
