// Help > Keyboard shortcuts (`?`): every key the window answers, in one table.
#pragma once

#include <QDialog>

namespace promdeck {

class ShortcutSheet : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutSheet(QWidget *parent = nullptr);
};

} // namespace promdeck
