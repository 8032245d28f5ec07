/* libFuzzer target for the silo manifest parser (silos/manifest.c).
 *
 * Beyond "no crash": a manifest that parses satisfies what silod will
 * rely on (a valid name, at least one program, argument blocks that hold
 * exactly argc NUL-terminated strings, paths in normal form); an error
 * always comes as one NUL-terminated "file:line: ..." message; and a
 * short message buffer is never overrun. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include <shale/scheme_path.h>
#include "manifest.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_manifest(const struct manifest *m)
{
	CHECK(m->name[0] != '\0' && strlen(m->name) <= MANIFEST_NAME_MAX);
	CHECK(m->nrun >= 1 && m->nrun <= MANIFEST_RUN_MAX);
	for (uint32_t i = 0; i < m->nrun; i++) {
		const struct manifest_run *r = &m->run[i];
		uint32_t nuls = 0;
		CHECK(r->argc >= 1 && r->argc <= MANIFEST_ARGV_MAX);
		CHECK(r->args_len <= MANIFEST_ARGS_BYTES && r->args_len >= 2);
		CHECK(r->args[r->args_len - 1] == '\0');
		for (uint32_t k = 0; k < r->args_len; k++)
			nuls += r->args[k] == '\0';
		CHECK(nuls == r->argc);
		CHECK(strchr(r->args, ':') != NULL);
	}
	CHECK(m->nserves <= MANIFEST_SERVES_MAX && m->nuses <= MANIFEST_USES_MAX);
	for (uint32_t i = 0; i < m->nserves; i++)
		CHECK(path_valid_name(m->serves[i], strlen(m->serves[i])));
	for (uint32_t i = 0; i < m->nuses; i++) {
		const struct manifest_use *u = &m->uses[i];
		CHECK(path_valid_name(u->name, strlen(u->name)));
		CHECK(path_valid_name(u->scheme, strlen(u->scheme)));
		CHECK(path_is_normal(u->path, strlen(u->path)));
		CHECK(strlen(u->path) <= MANIFEST_PATH_MAX);
	}
	CHECK(m->restart >= MANIFEST_PERMANENT && m->restart <= MANIFEST_TEMPORARY);
	CHECK(m->memory >= SH_PAGE_SIZE && m->threads >= 1 && m->handles >= 1);
	CHECK(m->period_ms >= 1 && m->intensity <= 1000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct manifest m;
	char err[MANIFEST_ERR_MAX];
	char small[24];
	int r, r2;

	memset(err, 0x7e, sizeof(err));
	r = manifest_parse(&m, "fuzz.silo", (const char *)data, size, err, sizeof(err));
	if (r == 0) {
		check_manifest(&m);
	} else {
		CHECK(r == -SH_EBADMSG);
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		CHECK(strncmp(err, "fuzz.silo:", 10) == 0);
		CHECK(strchr(err, '\n') == NULL);
	}

	/* the same input with little room for the message */
	memset(small, 0x7e, sizeof(small));
	size_t cap = size ? data[size - 1] % 16 : 0;
	r2 = manifest_parse(&m, "fuzz.silo", (const char *)data, size, small, cap);
	CHECK(r2 == r);
	for (size_t k = cap; k < sizeof(small); k++)
		CHECK(small[k] == 0x7e);
	if (cap && r)
		CHECK(memchr(small, '\0', cap) != NULL);
	return 0;
}
