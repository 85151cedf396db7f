/* version.h - satpipe's version, shown by --version and in the workbook. */
#ifndef SATPIPE_VERSION_H
#define SATPIPE_VERSION_H

#define SP_VERSION "0.1.0"

#endif
