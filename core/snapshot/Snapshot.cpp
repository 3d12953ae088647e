#include "snapshot/Snapshot.h"

namespace promdeck {

qsizetype Snapshot::sampleCount() const
{
    qsizetype n = 0;
    for (const RecordedQuery &q : queries) {
        if (q.outcome.ok())
            n += q.outcome.result->sampleCount();
    }
    return n;
}

} // namespace promdeck
