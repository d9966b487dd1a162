#ifndef SWIFT_RUNNER_CSPAWN_H
#define SWIFT_RUNNER_CSPAWN_H
// glibc's GNU extensions for starting children, which Swift's Glibc module does not show (they need _GNU_SOURCE).
#include <spawn.h>

int sr_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);
int sr_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);
int sr_pipe_cloexec(int descriptors[2]);
/// Moves the calling process (which must still be single-threaded) into a private mount namespace of its own and
/// detaches `path` there. Returns 0 or an errno value.
int sr_private_mount_namespace_without(const char *path);

#endif
