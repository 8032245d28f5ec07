/* netbench: the guest end of tools/bench's TCP throughput rows.  Listens
 * on net:tcp/listen/PORT (port=7000, the port tools/run forwards) and
 * serves one connection at a time, saying "netbench: connection N" as
 * the open of its accept file returns with one:
 *   'u' + 8-byte big-endian N: read N bytes, then answer "k";
 *   'd' + 8-byte big-endian N: write N bytes (byte k is k * 7 mod 256),
 *   then close.
 * The host times both ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>

#define CHUNK 65536u

static int read_full(int fd, uint8_t *b, size_t n)
{
	while (n) {
		int64_t r = sh_file_read(fd, b, n);

		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[CHUNK], in[CHUNK];	/* the pattern sent; bytes taken */
	char lpath[48], apath[56];
	unsigned port = 7000, conns = 0;
	int lfd;

	if (argc > 1 && strncmp(argv[1], "port=", 5) == 0)
		port = (unsigned)strtoul(argv[1] + 5, NULL, 10);
	snprintf(lpath, sizeof(lpath), "net:/tcp/listen/%u", port);
	snprintf(apath, sizeof(apath), "%s/accept", lpath);
	while ((lfd = sh_file_open(lpath, SH_O_READ, 0)) < 0)
		sh_sleep(200000000ULL);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	printf("netbench: listening on %u\n", port);
	for (;;) {
		int fd = sh_file_open(apath, SH_O_READ | SH_O_WRITE, 0);
		uint8_t h[9];
		uint64_t n = 0;

		if (fd < 0) {
			sh_sleep(200000000ULL);
			continue;
		}
		/* the open waited for a connection: the file is that one */
		printf("netbench: connection %u\n", ++conns);
		if (read_full(fd, h, 9) == 0) {
			for (int i = 1; i < 9; i++)
				n = n << 8 | h[i];
			if (h[0] == 'u') {
				while (n) {
					int64_t r = sh_file_read(fd, in, n < CHUNK ? n : CHUNK);

					if (r <= 0)
						break;
					n -= (uint64_t)r;
				}
				sh_file_write(fd, "k", 1);
			} else if (h[0] == 'd') {
				uint64_t at = 0;	/* bytes sent */

				while (n) {
					/* the pattern goes on after a short
					 * write: byte k of the stream is k * 7 */
					uint64_t o = at % CHUNK, c = CHUNK - o;
					int64_t r = sh_file_write(fd, buf + o, n < c ? n : c);

					if (r <= 0)
						break;
					n -= (uint64_t)r;
					at += (uint64_t)r;
				}
			}
		}
		sh_file_close(fd);
	}
	return 0;
}
