// libFuzzer target for the snapshot reader: any bytes are either refused with a reason or read into
// a snapshot that writes and reads back to the same samples. Never a crash, a leak or a hang.
// The first byte picks what the rest is: a whole file (odd), or an uncompressed body framed with a
// valid header (even), so mutations reach the body decoder instead of stopping at the checksum.
#include "snapshot/SnapshotFile.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const QByteArray input = (data[0] & 1) ? rest.toByteArray() : promdeck::frameSnapshotBody(rest, false);
    const promdeck::Result<promdeck::Snapshot> read = promdeck::decodeSnapshot(input);
    if (!read) {
        if (read.error().detail.isEmpty())
            std::abort(); // a refusal must say why
        return 0;
    }
    const promdeck::Result<promdeck::Snapshot> again =
        promdeck::decodeSnapshot(promdeck::encodeSnapshot(*read));
    if (!again || again->sampleCount() != read->sampleCount())
        std::abort();
    return 0;
}
