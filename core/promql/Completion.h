// Completion for a PromQL editor: what is wanted at the cursor (a metric name, a label name, a
// label value for a given label and metric, a function, a modifier, a duration, an operator, a
// keyword) and the prefix typed so far; then the candidates, from the language itself and from
// the server's metadata through a MetadataCache. Incomplete text and Grafana variables are expected.
#pragma once

#include "promql/Metadata.h"

#include <QByteArray>
#include <QFlags>
#include <QString>
#include <QStringList>
#include <vector>

namespace promdeck::promql {

enum class CompletionKind : quint16
{
    MetricName = 0x1,
    Function = 0x2,
    Aggregation = 0x4,          // sum, topk, ...
    LabelName = 0x8,            // in a selector's braces or a by/without/on/ignoring list
    LabelValue = 0x10,          // after label= in a selector
    AggregationModifier = 0x20, // by, without
    Duration = 0x40,            // in [ ], after offset
    BinaryOperator = 0x80,      // + - * / ... and or unless
    Keyword = 0x100,            // offset, bool, on, ignoring, group_left, group_right, start(), end()
    MatchOperator = 0x200,      // = != =~ !~
};
Q_DECLARE_FLAGS(CompletionKinds, CompletionKind)
Q_DECLARE_OPERATORS_FOR_FLAGS(CompletionKinds)

struct CompletionContext
{
    CompletionKinds kinds;
    QByteArray prefix;    // what is typed of the wanted token before the cursor
    int replaceStart = 0; // byte range a candidate replaces: the prefix and the rest of its word
    int replaceEnd = 0;
    QString metricName;    // LabelName, LabelValue: the selector's metric, when it has one
    QString labelName;     // LabelValue
    QString selector;      // LabelName, LabelValue: series selector for match[] (may be empty)
    bool inString = false; // LabelValue typed inside quotes (else the candidate brings its quotes)
    char quote = '"';
    QStringList keywords; // Keyword: the ones that fit here
};

// The context at a byte offset of UTF-8 text.
CompletionContext completionContext(QByteArrayView expr, int cursor);

struct CompletionCandidate
{
    CompletionKind kind = CompletionKind::MetricName;
    QString text;          // what it is: rate, http_requests_total, "api"
    QString insert;        // what to put in place of the replaced range
    QString detail;        // signature, metric TYPE
    QString documentation; // one line: description, HELP
};

struct Completion
{
    CompletionContext context;
    std::vector<CompletionCandidate> candidates; // prefix matches, best first
    bool pending = false; // metadata is being fetched: ask again on MetadataCache::updated
};

// `cache` may be null: only the language's own candidates then.
Completion complete(QByteArrayView expr, int cursor, MetadataCache *cache);

} // namespace promdeck::promql
