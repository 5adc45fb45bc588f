#include "tools/cli/cli.h"

int main(int argc, char** argv) { return rollout::RunCli(argc, argv); }
