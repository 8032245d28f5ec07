/* mkext2: copies host directory trees into an ext2 file system image with
 * libext2fs (e2fsprogs' own library, so what it writes is what Linux's
 * tools agree with).  A host tool, built by meson (native); tools/mkimage
 * runs it on the root partition after mke2fs made it.
 *
 *   mkext2 IMAGE [--replace|--keep] HOSTDIR:GUESTDIR ...
 *
 * Each tree is copied under GUESTDIR (made, with its parents, if missing).
 * --replace (the default) applies to the trees after it: a file that
 * exists is rewritten with the host's bytes; --keep: a file that exists is
 * left alone (a user may have changed it).  Directories are merged, never
 * removed; nothing that is not in a tree is touched.  Regular files,
 * directories and symbolic links are copied (mode bits and mtime kept,
 * owner root); anything else is reported and skipped.
 *
 * Exit 0, or 1 with one line on stderr saying what failed and where
 * ("mkext2: /lib/x.beam: Could not allocate block in ext2 filesystem"):
 * the caller then throws the image away. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ext2fs/ext2fs.h>
#include <et/com_err.h>

static ext2_filsys fs;
static int keep;		/* 1: --keep (leave existing files alone) */

static int fail(const char *where, errcode_t e)
{
	fprintf(stderr, "mkext2: %s: %s\n", where, error_message(e));
	return -1;
}

/* The inode of name in dir, 0 if it has none. */
static ext2_ino_t lookup(ext2_ino_t dir, const char *name)
{
	ext2_ino_t ino = 0;

	if (ext2fs_lookup(fs, dir, name, (int)strlen(name), NULL, &ino))
		return 0;
	return ino;
}

/* Links ino into dir as name, growing the directory when it is full. */
static errcode_t link_in(ext2_ino_t dir, const char *name, ext2_ino_t ino,
			 int ftype)
{
	errcode_t e = ext2fs_link(fs, dir, name, ino, ftype);

	if (e == EXT2_ET_DIR_NO_SPACE) {
		e = ext2fs_expand_dir(fs, dir);
		if (!e)
			e = ext2fs_link(fs, dir, name, ino, ftype);
	}
	return e;
}

static void set_attrs(ext2_ino_t ino, const struct stat *st)
{
	struct ext2_inode in;

	if (ext2fs_read_inode(fs, ino, &in))
		return;
	in.i_mode = (__u16)((in.i_mode & LINUX_S_IFMT) | (st->st_mode & 07777));
	in.i_uid = in.i_gid = 0;
	in.i_atime = in.i_ctime = in.i_mtime = (__u32)st->st_mtime;
	ext2fs_write_inode(fs, ino, &in);
}

/* The directory name in dir (made if missing).  Returns its inode, 0 on
 * failure (reported; "where" names it). */
static ext2_ino_t dir_get(ext2_ino_t dir, const char *name, const char *where)
{
	ext2_ino_t ino = lookup(dir, name);
	struct ext2_inode in;
	errcode_t e;

	if (ino) {
		if (ext2fs_read_inode(fs, ino, &in) || !LINUX_S_ISDIR(in.i_mode)) {
			fprintf(stderr, "mkext2: %s: exists and is not a directory\n",
				where);
			return 0;
		}
		return ino;
	}
	e = ext2fs_mkdir(fs, dir, 0, name);
	if (e == EXT2_ET_DIR_NO_SPACE) {
		e = ext2fs_expand_dir(fs, dir);
		if (!e)
			e = ext2fs_mkdir(fs, dir, 0, name);
	}
	if (e) {
		fail(where, e);
		return 0;
	}
	return lookup(dir, name);
}

/* Writes the host file at src into inode ino from offset 0, cutting it to
 * the host's size. */
static int file_fill(ext2_ino_t ino, const char *src, const char *where)
{
	static char buf[1 << 16];
	ext2_file_t f;
	errcode_t e;
	int fd = open(src, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "mkext2: %s: %s\n", src, strerror(errno));
		return -1;
	}
	e = ext2fs_file_open(fs, ino, EXT2_FILE_WRITE, &f);
	if (e) {
		close(fd);
		return fail(where, e);
	}
	e = ext2fs_file_set_size2(f, 0);
	while (!e && (n = read(fd, buf, sizeof(buf))) > 0) {
		unsigned int done = 0;

		while (!e && done < (unsigned int)n) {
			unsigned int w = 0;

			e = ext2fs_file_write(f, buf + done, (unsigned int)n - done, &w);
			done += w;
		}
	}
	close(fd);
	if (e) {
		ext2fs_file_close(f);
		return fail(where, e);
	}
	e = ext2fs_file_close(f);
	return e ? fail(where, e) : 0;
}

static int file_copy(ext2_ino_t dir, const char *name, const char *src,
		     const struct stat *st, const char *where)
{
	ext2_ino_t ino = lookup(dir, name);
	struct ext2_inode in;
	errcode_t e;

	if (ino) {
		if (ext2fs_read_inode(fs, ino, &in))
			return fail(where, EXT2_ET_BAD_INODE_NUM);
		if (!LINUX_S_ISREG(in.i_mode)) {
			fprintf(stderr, "mkext2: %s: exists and is not a file\n",
				where);
			return -1;
		}
		if (keep)
			return 0;
	} else {
		e = ext2fs_new_inode(fs, dir, LINUX_S_IFREG | 0644, NULL, &ino);
		if (e)
			return fail(where, e);
		e = link_in(dir, name, ino, EXT2_FT_REG_FILE);
		if (e)
			return fail(where, e);
		ext2fs_inode_alloc_stats2(fs, ino, +1, 0);
		memset(&in, 0, sizeof(in));
		in.i_mode = (__u16)(LINUX_S_IFREG | (st->st_mode & 07777));
		in.i_links_count = 1;
		e = ext2fs_write_new_inode(fs, ino, &in);
		if (e)
			return fail(where, e);
	}
	if (file_fill(ino, src, where) < 0)
		return -1;
	set_attrs(ino, st);
	return 0;
}

static int link_copy(ext2_ino_t dir, const char *name, const char *src,
		     const char *where)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof(target) - 1);
	errcode_t e;

	if (n < 0) {
		fprintf(stderr, "mkext2: %s: %s\n", src, strerror(errno));
		return -1;
	}
	target[n] = '\0';
	if (lookup(dir, name))
		return 0;	/* links are never rewritten */
	e = ext2fs_symlink(fs, dir, 0, name, target);
	if (e == EXT2_ET_DIR_NO_SPACE) {
		e = ext2fs_expand_dir(fs, dir);
		if (!e)
			e = ext2fs_symlink(fs, dir, 0, name, target);
	}
	return e ? fail(where, e) : 0;
}

/* Copies the host directory src into the image directory dir (guest path
 * gpath, for messages). */
static int tree_copy(ext2_ino_t dir, const char *src, const char *gpath)
{
	DIR *d = opendir(src);
	struct dirent *de;
	int r = 0;

	if (!d) {
		fprintf(stderr, "mkext2: %s: %s\n", src, strerror(errno));
		return -1;
	}
	while (r == 0 && (de = readdir(d))) {
		char hp[PATH_MAX], gp[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (strlen(de->d_name) > EXT2_NAME_LEN) {
			fprintf(stderr, "mkext2: %s/%s: name longer than %d bytes\n",
				src, de->d_name, EXT2_NAME_LEN);
			r = -1;
			break;
		}
		snprintf(hp, sizeof(hp), "%s/%s", src, de->d_name);
		snprintf(gp, sizeof(gp), "%s/%s", strcmp(gpath, "/") ? gpath : "",
			 de->d_name);
		if (lstat(hp, &st) < 0) {
			fprintf(stderr, "mkext2: %s: %s\n", hp, strerror(errno));
			r = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ext2_ino_t sub = dir_get(dir, de->d_name, gp);

			r = sub ? tree_copy(sub, hp, gp) : -1;
			if (sub && r == 0)
				set_attrs(sub, &st);
		} else if (S_ISREG(st.st_mode)) {
			r = file_copy(dir, de->d_name, hp, &st, gp);
		} else if (S_ISLNK(st.st_mode)) {
			r = link_copy(dir, de->d_name, hp, gp);
		} else {
			fprintf(stderr, "mkext2: %s: not a file, directory or "
				"link: skipped\n", hp);
		}
	}
	closedir(d);
	return r;
}

/* Walks (making) the guest directory path; returns its inode or 0. */
static ext2_ino_t guest_dir(const char *path)
{
	char buf[PATH_MAX], so_far[PATH_MAX] = "";
	ext2_ino_t ino = EXT2_ROOT_INO;
	char *save = NULL, *part;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, "/", &save); part && ino;
	     part = strtok_r(NULL, "/", &save)) {
		size_t l = strlen(so_far);

		snprintf(so_far + l, sizeof(so_far) - l, "/%s", part);
		ino = dir_get(ino, part, so_far);
	}
	return ino;
}

int main(int argc, char **argv)
{
	errcode_t e;
	int r = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mkext2 IMAGE [--replace|--keep] "
			"HOSTDIR:GUESTDIR...\n");
		return 2;
	}
	add_error_table(&et_ext2_error_table);
	e = ext2fs_open2(argv[1], NULL, EXT2_FLAG_RW | EXT2_FLAG_64BITS, 0, 0,
			 unix_io_manager, &fs);
	if (e) {
		fail(argv[1], e);
		return 1;
	}
	e = ext2fs_read_bitmaps(fs);
	if (e) {
		fail(argv[1], e);
		ext2fs_close_free(&fs);
		return 1;
	}
	for (int i = 2; i < argc && r == 0; i++) {
		char *colon;
		ext2_ino_t top;
		struct stat st;

		if (!strcmp(argv[i], "--keep")) {
			keep = 1;
			continue;
		}
		if (!strcmp(argv[i], "--replace")) {
			keep = 0;
			continue;
		}
		colon = strrchr(argv[i], ':');
		if (!colon || colon == argv[i] || colon[1] != '/') {
			fprintf(stderr, "mkext2: %s: expected HOSTDIR:/GUESTDIR\n",
				argv[i]);
			r = -1;
			break;
		}
		*colon = '\0';
		if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "mkext2: %s: not a directory\n", argv[i]);
			r = -1;
			break;
		}
		top = guest_dir(colon + 1);
		r = top ? tree_copy(top, argv[i], colon + 1) : -1;
	}
	e = ext2fs_close_free(&fs);
	if (e && r == 0)
		r = fail(argv[1], e);
	return r == 0 ? 0 : 1;
}
