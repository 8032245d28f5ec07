/* The MBR partition table parser (mbr.c): portable, host-tested. */
#ifndef BLKD_MBR_H
#define BLKD_MBR_H

#include <stdint.h>

#define BLK_SECTOR	512u
#define MBR_PARTS	4u


/* One primary partition that passed every check. */
struct mbr_part {
	uint32_t index;		/* 1..4: its slot in the table (vdaN) */
	uint8_t type;		/* 0x0c FAT32 LBA, 0x83 Linux, ... */
	uint64_t start;		/* first sector */
	uint64_t count;		/* sectors */
};

/* Called once per problem found, with a line that says which entry and
 * what is wrong (no newline). */
typedef void (*mbr_report_fn)(void *arg, const char *msg);

/* Parses the partition table in sector 0 of a disk of capacity sectors.
 * An entry is kept only if its boot flag is 0x00 or 0x80, its type is not
 * 0 (empty), an extended container (0x05, 0x0f, 0x85: not followed) or a
 * GPT protective entry (0xee: GPT is not read), it starts after sector 0,
 * it is not empty, it ends within the disk, and it overlaps no entry kept
 * before it.  Every refusal is reported.  Returns the partitions kept
 * (into parts, room MBR_PARTS), 0 when there are none; -SH_ENOENT (and a
 * report) when the sector has no 0x55 0xAA signature. */
int mbr_parse(const uint8_t sector[BLK_SECTOR], uint64_t capacity,
	      struct mbr_part parts[MBR_PARTS], mbr_report_fn report, void *arg);

#endif
