#ifndef SWIFT_RUNNER_CARCHIVE_SHIM_H
#define SWIFT_RUNNER_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
/* fsetxattr, for the overlayfs opaque-directory marker written while unpacking layers; Glibc does not export it. */
#include <sys/xattr.h>

/* The AE_IF* file-type macros do not import into Swift: re-export them as constants. */
static const unsigned int SR_AE_IFMT = AE_IFMT;
static const unsigned int SR_AE_IFREG = AE_IFREG;
static const unsigned int SR_AE_IFLNK = AE_IFLNK;
static const unsigned int SR_AE_IFSOCK = AE_IFSOCK;
static const unsigned int SR_AE_IFCHR = AE_IFCHR;
static const unsigned int SR_AE_IFBLK = AE_IFBLK;
static const unsigned int SR_AE_IFDIR = AE_IFDIR;
static const unsigned int SR_AE_IFIFO = AE_IFIFO;
#endif
