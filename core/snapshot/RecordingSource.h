// A DataSource that passes every query to another one and hands each answer to the flight recorder
// on its way back. The dashboard never knows it is being recorded.
#pragma once

#include "snapshot/FlightRecorder.h"

namespace promdeck {

class RecordingSource : public DataSource
{
    Q_OBJECT
public:
    // Neither is owned; both must outlive this source.
    RecordingSource(DataSource *inner, FlightRecorder *recorder, QObject *parent = nullptr);

    QueryReply *queryRange(const RangeQuery &query) override;
    QueryReply *queryInstant(const InstantQuery &query) override;
    MetadataReply *labelValues(const QString &label, const QStringList &matchers,
                               const TimeRange &range) override;
    MetadataReply *labelNames(const QStringList &matchers, const TimeRange &range) override;
    MetadataReply *buildInfo() override;
    // Metadata is not recorded: it passes straight through.
    MetadataReply *metricMetadata() override { return m_inner->metricMetadata(); }
    QString description() const override { return m_inner->description(); }

private:
    DataSource *m_inner;
    FlightRecorder *m_recorder;
};

} // namespace promdeck
