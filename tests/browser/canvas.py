"""Helpers to drive the cytoscape canvas from Playwright: find, click and drag nodes."""

from __future__ import annotations


def node_ids(page, kind: str | None = None) -> list[str]:
    selector = f'node[kind = "{kind}"]' if kind else "node"
    return page.evaluate(f"() => window.cy.elements('{selector}').map(n => n.id())")


def node_label(page, node_id: str) -> str:
    return page.evaluate("(id) => window.cy.getElementById(id).data('label')", node_id)


def screen_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is on the page, in CSS pixels."""
    return tuple(page.evaluate(
        """(id) => {
            const node = window.cy.getElementById(id);
            const box = window.cy.container().getBoundingClientRect();
            const p = node.renderedPosition();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    ))


def bring_into_view(page, node_id: str) -> None:
    """Pan to a node that is off screen, as a user would: a legible view may not show the whole map."""
    page.evaluate(
        """(id) => {
            const cy = window.cy, node = cy.getElementById(id), p = node.renderedPosition(), m = 60;
            if (p.x < m || p.y < m || p.x > cy.width() - m || p.y > cy.height() - m) { cy.center(node); }
        }""",
        node_id,
    )


def click_node(page, node_id: str) -> None:
    bring_into_view(page, node_id)
    x, y = screen_point(page, node_id)
    page.mouse.click(x, y)


def drag_node(page, node_id: str, dx: float, dy: float) -> None:
    bring_into_view(page, node_id)
    x, y = screen_point(page, node_id)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x + dx * step / 8, y + dy * step / 8)
    page.mouse.up()


def model_position(page, node_id: str) -> tuple[float, float]:
    return tuple(page.evaluate("(id) => { const p = window.cy.getElementById(id).position(); return [p.x, p.y]; }", node_id))


def wait_for_canvas(page) -> None:
    page.wait_for_function("() => window.cy && window.cy.nodes().length > 0 && window.cy._tocmapHooked")
