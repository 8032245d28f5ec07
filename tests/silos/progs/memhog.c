/* memhog: takes frames until the kernel refuses, then says how far it got
 * and waits to be stopped.  Its silo's page quota must be what stops it,
 * not the machine running out. */
#include <stdio.h>

#include <shale.h>

int main(void)
{
	uint64_t pages = 0;
	long r;

	for (;;) {
		r = sh_frame_create(16, 0);
		if (r < 0)
			break;
		pages += 16;
	}
	printf("memhog: %s after %llu pages\n", sh_strerror(r),
	       (unsigned long long)pages);
	for (;;)
		sh_sleep(1000000000ULL);
}
