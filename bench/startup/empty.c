/* The start-up benchmark: a program that exits at once, so its run time is the engine's start-up. */
int main(void) { return 0; }
