/* idler: sleeps until it is stopped (a silo with something in it). */
#include <shale.h>

int main(void)
{
	for (;;)
		sh_sleep(1000000000ULL);
}
