/**
 * A context menu at the pointer (or under the focused row for the keyboard's
 * menu key). Arrow keys move, Enter activates, Escape or a click elsewhere closes.
 */
import { useEffect, useRef, useState } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  danger?: boolean;
  disabled?: boolean;
  /** A tooltip: why a disabled item cannot be used. */
  title?: string;
  onSelect: () => void;
}

export interface ContextMenuProps {
  x: number;
  y: number;
  items: ReadonlyArray<MenuItem | 'separator'>;
  onClose: () => void;
}

export function ContextMenu({ x, y, items, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const actionable = items.filter((i): i is MenuItem => i !== 'separator' && !i.disabled);
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState({ left: x, top: y });

  useEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    menu.focus();
    const rect = menu.getBoundingClientRect();
    setPosition({ left: Math.max(4, Math.min(x, window.innerWidth - rect.width - 4)), top: Math.max(4, Math.min(y, window.innerHeight - rect.height - 4)) });
    const away = (event: MouseEvent) => {
      if (!menu.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('blur', onClose);
    };
  }, [x, y, onClose]);

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      tabIndex={-1}
      style={{ left: position.left, top: position.top }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowDown') setActive((a) => (a + 1) % actionable.length);
        else if (event.key === 'ArrowUp') setActive((a) => (a - 1 + actionable.length) % actionable.length);
        else if (event.key === 'Enter') {
          actionable[active]?.onSelect();
          onClose();
        } else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {items.map((item, index) =>
        item === 'separator' ? (
          <div key={`sep-${index}`} className="context-menu-separator" role="separator" />
        ) : (
          <button
            key={item.id}
            type="button"
            role="menuitem"
            data-testid={`menu-${item.id}`}
            className={['context-menu-item', item.danger ? 'danger' : '', actionable[active] === item ? 'active' : ''].join(' ')}
            disabled={item.disabled}
            title={item.title}
            onMouseEnter={() => setActive(actionable.indexOf(item))}
            onClick={() => {
              item.onSelect();
              onClose();
            }}
          >
            <span>{item.label}</span>
            {item.shortcut && <span className="shortcut">{item.shortcut}</span>}
          </button>
        ),
      )}
    </div>
  );
}
