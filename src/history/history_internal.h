/* history_internal.h - what the history stage's files share. */
#ifndef SATPIPE_HISTORY_INTERNAL_H
#define SATPIPE_HISTORY_INTERNAL_H

/* Lower-case hex SHA-256 of a file; 0 when it cannot be read. */
int history_sha256(const char *path, char hex[65]);

#endif
