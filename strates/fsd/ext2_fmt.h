/* ext2's on-disk layout, revision 1, little-endian (the fields this code
 * reads or writes; the rest is kept as the bytes it found).  Reference:
 * the ext2 specification ("The Second Extended File System", Poirier)
 * and what mke2fs -t ext2 writes. */
#ifndef FSD_EXT2_FMT_H
#define FSD_EXT2_FMT_H

#include <stdint.h>

#define EXT2_SUPER_OFF		1024u	/* bytes from the partition start */
#define EXT2_MAGIC		0xef53u
#define EXT2_ROOT_INO		2u
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_GOOD_OLD_FIRST_INO	11u
#define EXT2_NDIR		12u	/* direct block pointers */
#define EXT2_IND		12u
#define EXT2_DIND		13u
#define EXT2_TIND		14u
#define EXT2_NBLOCKS		15u

#define EXT2_VALID_FS		1u	/* s_state: cleanly unmounted */
#define EXT2_ERROR_FS		2u	/* s_state: errors detected */

/* Features this code knows. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE	0x0002u
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001u
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002u
#define EXT2_FEATURE_COMPAT_DIR_INDEX	0x0020u

#define EXT2_INDEX_FL		0x00001000u	/* hashed directory */

#define EXT2_S_IFMT		0xf000u
#define EXT2_S_IFREG		0x8000u
#define EXT2_S_IFDIR		0x4000u
#define EXT2_S_IFLNK		0xa000u

#define EXT2_FT_UNKNOWN		0
#define EXT2_FT_REG_FILE	1
#define EXT2_FT_DIR		2
#define EXT2_FT_SYMLINK		7

#define EXT2_XATTR_MAGIC	0xea020000u

struct ext2_super {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* revision 1 */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	/* ... up to 1024 bytes, kept as read */
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint32_t bg_reserved[3];
};

struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;	/* 512-byte units */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_NBLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high;	/* i_dir_acl before large_file */
	uint32_t i_faddr;
	uint8_t i_osd2[12];
	/* revision 1 with 256-byte inodes */
	uint16_t i_extra_isize;
	uint16_t i_pad1;
};

struct ext2_dirent {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len;
	uint8_t file_type;	/* with INCOMPAT_FILETYPE; else name_len's high byte */
	/* char name[name_len] */
};

#define EXT2_DIRENT_LEN(n)	((8u + (uint32_t)(n) + 3u) & ~3u)

_Static_assert(sizeof(struct ext2_group_desc) == 32, "ext2 group descriptor");
_Static_assert(sizeof(struct ext2_inode) == 132, "ext2 inode");
_Static_assert(sizeof(struct ext2_dirent) == 8, "ext2 dirent");

#endif
