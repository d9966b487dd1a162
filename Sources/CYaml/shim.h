#ifndef SWIFT_RUNNER_CYAML_SHIM_H
#define SWIFT_RUNNER_CYAML_SHIM_H
#include <yaml.h>
#endif
