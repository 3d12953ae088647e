// Completion's metadata from whatever DataSource the user is looking at: metric names, label names
// and values (for a selector), and the metrics' TYPE and HELP, asked through the DataSource
// interface like everything else, so a live server, a proxy's path prefix or a recording all work.
#pragma once

#include "promql/Metadata.h"
#include "series/TimeRange.h"
#include "source/DataSource.h"

#include <QPointer>

namespace promdeck {

class SourceMetadataProvider : public promql::MetadataProvider
{
public:
    explicit SourceMetadataProvider(DataSource *source) : m_source(source) {}

    // The range the names and values are asked for; none (the default) leaves it to the server.
    void setRange(const TimeRange &range) { m_range = range; }

    QString serverKey() const override;
    void fetch(const promql::MetadataRequest &request, QObject *context,
               std::function<void(promql::MetadataAnswer)> done) override;

private:
    QPointer<DataSource> m_source;
    TimeRange m_range;
};

} // namespace promdeck
