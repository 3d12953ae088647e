// The snapshot file: one file that keeps the queries and their data together (format in FORMAT.md).
// Reading never trusts the bytes: a truncated, corrupted or newer-major-version file is refused with
// a reason a person can act on, and nothing is allocated beyond what the file can hold.
#pragma once

#include "base/Result.h"
#include "snapshot/Snapshot.h"

#include <optional>

namespace promdeck {

constexpr quint16 SnapshotFormatMajor = 1;
constexpr quint16 SnapshotFormatMinor = 0;

QByteArray encodeSnapshot(const Snapshot &snapshot);

// The snapshot, or why the bytes were refused.
Result<Snapshot> decodeSnapshot(QByteArrayView bytes);
// The header (signature, version, length, checksum) around stored body bytes; encodeSnapshot uses
// it, and the fuzzer, to reach the body decoder with bytes the checksum would otherwise stop.
QByteArray frameSnapshotBody(QByteArrayView storedBody, bool compressed);

// Atomic: a crash or a full disk leaves the previous file as it was.
Result<> writeSnapshotFile(const QString &path, const Snapshot &snapshot);
// The snapshot, or why the file was refused (the error names the file).
Result<Snapshot> readSnapshotFile(const QString &path);

} // namespace promdeck
