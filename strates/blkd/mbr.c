/* The MBR partition table (sector 0: four 16-byte entries at 446, the
 * signature 0x55 0xAA at 510), read strictly: every field that could send
 * blkd outside the disk, or let two partitions share sectors, is checked,
 * and an entry that fails is reported and left out rather than trusted.
 * Portable: tests/strates/test_mbr.c runs it on the host. */
#include <stdio.h>
#include <string.h>

#include <shale/errors.h>

#include "mbr.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void say(mbr_report_fn report, void *arg, unsigned slot,
		const char *what)
{
	char line[128];

	if (!report)
		return;
	if (slot)
		snprintf(line, sizeof(line), "MBR entry %u: %s", slot, what);
	else
		snprintf(line, sizeof(line), "MBR: %s", what);
	report(arg, line);
}

int mbr_parse(const uint8_t sector[BLK_SECTOR], uint64_t capacity,
	      struct mbr_part parts[MBR_PARTS], mbr_report_fn report, void *arg)
{
	int n = 0;

	if (sector[510] != 0x55 || sector[511] != 0xaa) {
		say(report, arg, 0, "no partition table (no 0x55AA signature at byte 510)");
		return -SH_ENOENT;
	}
	for (unsigned i = 0; i < MBR_PARTS; i++) {
		const uint8_t *e = sector + 446 + 16 * i;
		uint8_t boot = e[0], type = e[4];
		uint64_t start = le32(e + 8), count = le32(e + 12);
		char what[96];
		int clash = 0;

		if (type == 0)
			continue;	/* an empty slot */
		if (boot != 0x00 && boot != 0x80) {
			snprintf(what, sizeof(what),
				 "boot flag 0x%02x is neither 0x00 nor 0x80: ignored", boot);
			say(report, arg, i + 1, what);
			continue;
		}
		if (type == 0x05 || type == 0x0f || type == 0x85) {
			say(report, arg, i + 1,
			    "extended partition: logical partitions are not read");
			continue;
		}
		if (type == 0xee) {
			say(report, arg, i + 1,
			    "GPT protective entry: GPT disks are not read");
			continue;
		}
		if (count == 0) {
			say(report, arg, i + 1, "0 sectors long: ignored");
			continue;
		}
		if (start == 0) {
			say(report, arg, i + 1,
			    "starts at sector 0 (the table itself): ignored");
			continue;
		}
		if (start + count > capacity) {
			snprintf(what, sizeof(what),
				 "sectors %llu..%llu end past the disk (%llu sectors): ignored",
				 (unsigned long long)start,
				 (unsigned long long)(start + count - 1),
				 (unsigned long long)capacity);
			say(report, arg, i + 1, what);
			continue;
		}
		for (int k = 0; k < n && !clash; k++)
			if (start < parts[k].start + parts[k].count &&
			    parts[k].start < start + count)
				clash = (int)parts[k].index;
		if (clash) {
			snprintf(what, sizeof(what),
				 "overlaps entry %d: ignored", clash);
			say(report, arg, i + 1, what);
			continue;
		}
		parts[n].index = i + 1;
		parts[n].type = type;
		parts[n].start = start;
		parts[n].count = count;
		n++;
	}
	return n;
}
