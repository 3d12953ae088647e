#include "panels/TableModel.h"

#include "frames/FieldReducers.h"
#include "series/TimeZones.h"
#include "series/ValueFormat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace promdeck {

namespace {

// moment.js tokens of Grafana's old date styles, in Qt's spelling.
QString qtDateFormat(QString moment)
{
    moment.replace(QStringLiteral("YYYY"), QStringLiteral("yyyy"));
    moment.replace(QStringLiteral("DD"), QStringLiteral("dd"));
    moment.replace(QStringLiteral("A"), QStringLiteral("AP"));
    return moment;
}

} // namespace

TableModel::TableModel(QObject *parent) : QAbstractTableModel(parent) {}

void TableModel::setFrame(const DataFrame &frame, const Frames &frames, const TableSpec &spec)
{
    beginResetModel();
    m_frame = std::make_shared<const DataFrame>(frame);
    m_columns.clear();
    m_allNames.clear();
    int nonTime = 0;
    for (size_t f = 0; f < frame.fields.size(); ++f) {
        const Field &field = frame.fields[f];
        const QString name = fieldDisplayName(field, frame, frames);
        m_allNames << name;
        // What the panel's overrides match on: the column's name, query, labels, type and values.
        std::vector<double> numbers;
        for (const FrameValue &v : field.values)
            if (const double *d = numberIf(v))
                numbers.push_back(*d);
        FieldInfo info{name,       frame.refId, field.labels,
                       field.type, numbers,     field.type == FieldType::Time ? 0 : nonTime++};
        ColumnStyle style = spec.styleFor(info);
        if (style.hidden)
            continue;
        Column c{f, style.displayName.isEmpty() ? name : style.displayName, style};
        // Gauges span the configured range, else the column's own minimum and maximum.
        double lo = INFINITY, hi = -INFINITY;
        for (const FrameValue &v : frame.fields[f].values)
            if (const double *d = numberIf(v); d && std::isfinite(*d)) {
                lo = std::min(lo, *d);
                hi = std::max(hi, *d);
            }
        c.min = style.config.min.value_or(std::isfinite(lo) ? std::min(0.0, lo) : 0.0);
        c.max = style.config.max.value_or(std::isfinite(hi) ? hi : 1.0);
        m_columns.push_back(std::move(c));
    }
    endResetModel();
}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_frame ? 0 : static_cast<int>(m_frame->rowCount());
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

const ColumnStyle &TableModel::columnStyle(int column) const
{
    return m_columns.at(static_cast<size_t>(column)).style;
}

const FrameValue &TableModel::value(int row, int column) const
{
    return m_frame->fields[m_columns.at(static_cast<size_t>(column)).field].values.at(
        static_cast<size_t>(row));
}

QString TableModel::format(const Column &c, const FrameValue &v) const
{
    const Field &field = m_frame->fields[c.field];
    const ValueMapping *mapped = textIf(v) ? c.style.config.mappingFor(QStringView(*textIf(v)))
                                           : c.style.config.mappingFor(asNumber(v));
    if (mapped && !mapped->text.isEmpty())
        return mapped->text;
    if (isNull(v))
        return {};
    if (const QString *s = textIf(v)) {
        if (c.style.display == CellDisplay::JsonView) {
            const QJsonDocument doc = QJsonDocument::fromJson(s->toUtf8());
            if (!doc.isNull())
                return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
        }
        return *s;
    }
    const double *number = numberIf(v);
    if (!number)
        return {};
    const double d = *number;
    if (field.type == FieldType::Time || !c.style.dateFormat.isEmpty()) {
        const QString fmt = c.style.dateFormat.isEmpty() ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
                                                         : qtDateFormat(c.style.dateFormat);
        return timeText(static_cast<std::int64_t>(d), m_zone, fmt);
    }
    return ValueFormat(c.style.config.unit, c.style.config.decimals).format(d);
}

QString TableModel::colorName(const Column &c, const FrameValue &v) const
{
    const std::optional<double> x = asNumber(v);
    if (const ValueMapping *m = c.style.config.mappingFor(x); m && !m->color.isEmpty())
        return m->color;
    if (!x || std::isnan(*x))
        return {};
    // Grafana's default steps (green, red from 80) when the panel writes none; percentage steps
    // placed in the column's range.
    return c.style.config.activeThreshold(*x, c.min, c.max).color;
}

double TableModel::fraction(const Column &c, const FrameValue &v) const
{
    const std::optional<double> x = asNumber(v);
    if (!x || !std::isfinite(*x) || c.max <= c.min)
        return 0;
    return std::clamp((*x - c.min) / (c.max - c.min), 0.0, 1.0);
}

QString TableModel::link(int row, const Column &c) const
{
    if (c.style.links.empty())
        return {};
    const FrameValue &v = m_frame->fields[c.field].values[static_cast<size_t>(row)];
    const Field &field = m_frame->fields[c.field];
    QString url = c.style.links.front().url;
    // Grafana's data link variables for this row, then the dashboard's variables.
    auto rowValue = [&](const QString &name) -> QString {
        const qsizetype f = m_allNames.indexOf(name);
        return f < 0 ? QString()
                     : asText(m_frame->fields[static_cast<size_t>(f)].values[static_cast<size_t>(row)]);
    };
    QString out;
    qsizetype i = 0;
    while (i < url.size()) {
        if (url.mid(i, 2) == u"${") {
            const qsizetype close = url.indexOf(QLatin1Char('}'), i);
            if (close > 0) {
                const QString name = url.mid(i + 2, close - i - 2);
                QString replacement;
                bool known = true;
                if (name.startsWith(QLatin1String("__data.fields."))) {
                    QString other = name.mid(14);
                    if (other.startsWith(QLatin1String("[\"")) && other.endsWith(QLatin1String("\"]")))
                        other = other.mid(2, other.size() - 4);
                    replacement = rowValue(other);
                } else if (name.startsWith(QLatin1String("__data.fields[\""))) {
                    replacement = rowValue(name.mid(15, name.size() - 17));
                } else if (name == u"__value.raw" || name == u"__value.numeric") {
                    replacement = asText(v);
                } else if (name == u"__value.text") {
                    replacement = format(c, v);
                } else if (name == u"__field.name" || name == u"__series.name") {
                    replacement = c.name;
                } else if (name.startsWith(QLatin1String("__field.labels."))) {
                    replacement = field.labels.value(name.mid(15));
                } else {
                    known = false;
                }
                if (known) {
                    out += QString::fromLatin1(QUrl::toPercentEncoding(replacement, "/:"));
                    i = close + 1;
                    continue;
                }
            }
        }
        // Grafana's old table links: $__cell (this cell) and $__cell_N (column N of the row).
        if (url.mid(i, 7) == u"$__cell") {
            qsizetype end = i + 7;
            QString replacement = asText(v);
            if (end < url.size() && url[end] == u'_') {
                qsizetype digits = end + 1;
                while (digits < url.size() && url[digits].isDigit())
                    ++digits;
                const int n = url.mid(end + 1, digits - end - 1).toInt();
                if (n >= 0 && static_cast<size_t>(n) < m_frame->fields.size())
                    replacement =
                        asText(m_frame->fields[static_cast<size_t>(n)].values[static_cast<size_t>(row)]);
                end = digits;
            }
            out += QString::fromLatin1(QUrl::toPercentEncoding(replacement, "/:"));
            i = end;
            continue;
        }
        out += url[i];
        ++i;
    }
    return substituteVariables(out, m_variables);
}

QVariant TableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_frame || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const Column &c = m_columns[static_cast<size_t>(index.column())];
    const FrameValue &v = m_frame->fields[c.field].values[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return format(c, v);
    case Qt::ToolTipRole: {
        const QString text = format(c, v);
        return text.size() > 40 ? text : QVariant();
    }
    case Qt::TextAlignmentRole: {
        const CellAlign align =
            c.style.align != CellAlign::Auto
                ? c.style.align
                : (m_frame->fields[c.field].type == FieldType::Number ? CellAlign::Right : CellAlign::Left);
        const Qt::Alignment h = align == CellAlign::Left     ? Qt::AlignLeft
                                : align == CellAlign::Center ? Qt::AlignHCenter
                                                             : Qt::AlignRight;
        return QVariant::fromValue(h | Qt::AlignVCenter);
    }
    case RawValueRole:
        if (const double *d = numberIf(v))
            return *d;
        if (const QString *s = textIf(v))
            return *s;
        return {};
    case ColorNameRole:
        if (c.style.display == CellDisplay::Auto || c.style.display == CellDisplay::JsonView ||
            m_frame->fields[c.field].type != FieldType::Number)
            return {};
        return colorName(c, v);
    case CellDisplayRole:
        // Colours and gauges are for numbers (Grafana draws text columns as text whatever the type).
        if (m_frame->fields[c.field].type != FieldType::Number && c.style.display != CellDisplay::JsonView)
            return static_cast<int>(CellDisplay::Auto);
        return static_cast<int>(c.style.display);
    case SolidBackgroundRole:
        return c.style.solidBackground;
    case FractionRole:
        return fraction(c, v);
    case ThresholdsRole: {
        QStringList steps;
        for (const Threshold &t : c.style.config.thresholdSteps()) {
            double at = t.value ? *t.value : c.min;
            if (c.style.config.percentageThresholds)
                at = c.min + (c.max - c.min) * at / 100;
            steps << QStringLiteral("%1:%2").arg(t.color).arg(fraction(c, FrameValue(at)));
        }
        return steps;
    }
    case LinkRole:
        return link(index.row(), c);
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column &c = m_columns[static_cast<size_t>(section)];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return c.name;
    if (role == UnitRole)
        return c.style.config.unit;
    if (role == Qt::TextAlignmentRole && m_frame && m_frame->rowCount() > 0)
        return data(index(0, section), Qt::TextAlignmentRole); // headers line up with their cells
    return {};
}

QString TableModel::text(int row, int column) const
{
    return format(m_columns.at(static_cast<size_t>(column)), value(row, column));
}

QStringList TableModel::distinctTexts(int column) const
{
    QSet<QString> seen;
    QStringList out;
    for (int r = 0; r < rowCount(); ++r) {
        const QString t = text(r, column);
        if (!seen.contains(t)) {
            seen.insert(t);
            out << t;
        }
    }
    out.sort(Qt::CaseInsensitive);
    return out;
}

QString TableModel::footerText(int column, const QString &reducer, const std::vector<int> &rows) const
{
    const Column &c = m_columns.at(static_cast<size_t>(column));
    std::vector<FrameValue> values;
    values.reserve(rows.size());
    for (int r : rows)
        values.push_back(value(r, column));
    const FrameValue result = reduceValues(values, reducer);
    if (reducer == u"count" || reducer == u"distinctCount" || reducer == u"changeCount")
        return asText(result);
    return format(c, result);
}

} // namespace promdeck
