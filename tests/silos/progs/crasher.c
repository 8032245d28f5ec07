/* crasher: faults at once (a store to an unmapped address), so its silo's
 * restart policy and intensity limit can be watched.  With an argument
 * "exit N" it exits with N instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	volatile int *volatile bad = (int *)16;

	if (argc > 2 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	printf("crasher: crashing\n");
	*bad = 1;
	return 0;
}
