// Template variables: their resolved values, how they are written into PromQL ($var, ${var},
// ${var:regex}, ${var:pipe}, [[var]]), and the resolver that asks the data source for the options of
// query variables, in order, so one variable's query can use another's value.
#pragma once

#include "dashboard/Dashboard.h"
#include "source/DataSource.h"

#include <QMap>
#include <QObject>
#include <QPointer>

namespace promdeck {

struct VariableValue
{
    QString name;
    QStringList options;  // what could be picked
    QStringList selected; // what is picked (all options when `all`)
    bool all = false;
    bool multiFormat = false; // multi-value or include-All: written as a regex alternation
    QString allValue;         // written instead of the alternation when All is picked, if set
};

class VariableValues
{
public:
    const VariableValue *find(QStringView name) const;
    void set(VariableValue value);
    const std::vector<VariableValue> &all() const { return m_values; }
    bool isEmpty() const { return m_values.empty(); }
    // name -> selected values joined by '|', for snapshots and --var.
    QMap<QString, QString> selections() const;

private:
    std::vector<VariableValue> m_values;
};

// Orders a query variable's options as Grafana's `sort` mode does (see Variable::sort).
void sortOptions(QStringList &options, int mode);
// A variable's value as it is written into a query in a format (${var:regex}, ${var:pipe}, ...;
// empty: the default, a regex alternation for multi-value variables).
QString formatVariable(const VariableValue &value, const QString &format);
// Writes variables into an expression. Unknown names are left as written.
QString substituteVariables(const QString &expr, const VariableValues &values);
// The same for text people read (panel titles): values joined with ", ", All as "All".
QString substituteVariablesForDisplay(const QString &text, const VariableValues &values);
// Whether an expression mentions a variable (to re-run only the panels a change affects).
bool mentionsVariable(const QString &expr, const QString &name);
// Whether a panel's queries, minimum interval or title mention any of the variables.
bool panelMentionsAny(const Panel &panel, const QStringList &names);
// The variables whose written value differs between two resolutions (added or removed ones too).
QStringList changedVariables(const VariableValues &before, const VariableValues &after);

// Resolves a dashboard's variables in order. `overrides` (name -> value, '|' between several)
// come from --var or a snapshot and win over the file's saved selection.
class VariableResolver : public QObject
{
    Q_OBJECT
public:
    VariableResolver(DataSource *source, QObject *parent = nullptr);

    // `overrides` are fixed (--var, a recording): used even when the server does not offer them.
    // `preferred` are earlier picks: kept when still offered, else the first option, as Grafana does.
    void resolve(const Dashboard &dashboard, const TimeRange &range, const QMap<QString, QString> &overrides,
                 const QMap<QString, QString> &preferred = {});
    bool isFinished() const { return m_finished; }
    const VariableValues &values() const { return m_values; }
    // Variables whose options could not be read, with the reason; they resolve to nothing.
    const QStringList &errors() const { return m_errors; }

signals:
    void finished();

private:
    void next();
    void reportCycles();
    void settle(const Variable &variable, QStringList options);

    DataSource *m_source;
    std::vector<Variable> m_pending;
    size_t m_index = 0;
    TimeRange m_range;
    QMap<QString, QString> m_overrides;
    QMap<QString, QString> m_preferred;
    VariableValues m_values;
    QStringList m_errors;
    bool m_finished = true;
};

} // namespace promdeck
