// A PromQL editor: tokens coloured by core/promql's lexer, the parser's first error underlined at its
// place while typing (its words given by problemChanged), completion from core/promql's completion as
// you type (metric names with TYPE and HELP, label names and values, functions with signatures), and
// Shift+Enter to run.
#pragma once

#include "promql/Completion.h"

#include <QPlainTextEdit>
#include <QPointer>

class QCompleter;
class QStandardItemModel;

namespace promdeck {

class PromqlEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PromqlEditor(QWidget *parent = nullptr);

    // Where completion's metric names, labels and values come from; null: the language's own words.
    void setMetadata(promql::MetadataCache *cache);
    QString expression() const { return toPlainText(); }
    void setExpression(const QString &text);

    // The parser's first error as Prometheus words it (`1:5: parse error: ...`); empty when it parses
    // (or the text is empty).
    const QString &problem() const { return m_problem; }
    // The candidates the completion popup offers now (their text), for tests.
    QStringList completionTexts() const;
    bool isCompletionShown() const;
    // Completion at the cursor; `asked` (Ctrl+Space) shows it even before a word is begun.
    void completeAtCursor(bool asked = false);

signals:
    void runRequested();
    void problemChanged(const QString &problem);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void check();
    void showCompletion(bool asked);
    void describeCandidate(const QModelIndex &index);
    void insertCandidate(int index);

    QPointer<promql::MetadataCache> m_cache;
    QCompleter *m_completer;
    QStandardItemModel *m_candidates;
    promql::Completion m_completion;
    QString m_problem;
    bool m_typing = false; // the last change came from a key: completion follows it
};

} // namespace promdeck
