/* The smallest tracee: prints "Hi" and EXIT-SUCCESS. */
#include <stdio.h>

int main(void) {
  printf("Hi\n");
  printf("EXIT-SUCCESS\n");
  return 0;
}
