// A table panel's cells as an item model: one frame after transformations, its columns styled as
// the panel says (units, decimals, mappings, thresholds, cell types, links). Texts are formatted
// here; colours leave as Grafana's colour names for the widgets to paint. Sorting and filtering
// are TableProxyModel's.
#pragma once

#include "frames/DataFrame.h"
#include "panels/TableSpec.h"
#include "query/Variables.h"

#include <QAbstractTableModel>
#include <memory>

namespace promdeck {

class TableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        RawValueRole = Qt::UserRole + 1, // the cell as data: double, QString, or an invalid QVariant for null
        ColorNameRole,       // the threshold's or mapping's colour name, when the cell type shows one
        CellDisplayRole,     // CellDisplay, as int
        FractionRole,        // gauge cells: the value between the column's min and max, 0..1
        LinkRole,            // the first link of the column, written out for this row
        UnitRole,            // header: the column's unit
        SolidBackgroundRole, // color-background without a gradient
        ThresholdsRole,      // gauge cells: "name:fraction" steps for a gradient, as a QStringList
    };

    explicit TableModel(QObject *parent = nullptr);

    // The frame shown (Grafana's table shows one frame; `frames` gives the names their context).
    void setFrame(const DataFrame &frame, const Frames &frames, const TableSpec &spec);
    void setVariables(VariableValues variables) { m_variables = std::move(variables); }
    // The zone time cells are written in (set before the frame).
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const ColumnStyle &columnStyle(int column) const;
    const FrameValue &value(int row, int column) const;
    // The text a cell shows, and the distinct texts of a column (for its filter list), sorted.
    QString text(int row, int column) const;
    QStringList distinctTexts(int column) const;
    // A footer cell: the reducer over the given rows of a column, formatted as the column formats.
    QString footerText(int column, const QString &reducer, const std::vector<int> &rows) const;

private:
    struct Column
    {
        size_t field;
        QString name;
        ColumnStyle style;
        double min = 0, max = 1; // the gauge range: configured, else the column's own
    };
    QString format(const Column &c, const FrameValue &v) const;
    QString colorName(const Column &c, const FrameValue &v) const;
    double fraction(const Column &c, const FrameValue &v) const;
    QString link(int row, const Column &c) const;

    std::shared_ptr<const DataFrame> m_frame;
    std::vector<Column> m_columns;
    QStringList m_allNames; // display names of every field of the frame, hidden ones too
    VariableValues m_variables;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace promdeck
