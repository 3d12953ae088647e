// libFuzzer target for the Prometheus answer parser, the code that reads what any server sends: any
// bytes are either read into series (never more than the cap, with sample columns of equal length)
// or refused with words. Never a crash, a leak or a hang.
#include "prometheus/ResponseParser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const promdeck::QueryOutcome outcome = promdeck::parseQueryResponse(body, 200, QStringLiteral("fuzz"), 3);
    if (!outcome.ok()) {
        if (outcome.error.message().isEmpty())
            std::abort(); // a refusal must say why
        return 0;
    }
    if (outcome.result->series.size() > 3 ||
        outcome.result->totalSeries < qsizetype(outcome.result->series.size()))
        std::abort();
    for (const promdeck::Series &s : outcome.result->series)
        if (s.timestampsMs.size() != s.values.size())
            std::abort();
    return 0;
}
