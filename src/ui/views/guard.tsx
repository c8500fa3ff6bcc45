/**
 * If a panel throws on some unexpected snapshot, the screen falls back to the plain status
 * line and the error, instead of ink tearing the whole dashboard down: the keys (q!) live
 * outside this boundary and keep working. Each new snapshot retries the full dashboard.
 */
import { Text } from "ink";
import { Component, type ReactNode } from "react";
import type { SessionSnapshot } from "../snapshot.js";
import { formatStatusLine } from "../status-line.js";

interface Props {
  snapshot: SessionSnapshot;
  children: ReactNode;
}

export class PanelGuard extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(prev: Props) {
    if (this.state.error && prev.snapshot !== this.props.snapshot) this.setState({ error: null });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    let status: string;
    try {
      status = formatStatusLine(this.props.snapshot);
    } catch {
      status = "(no status: the snapshot cannot be read)";
    }
    return (
      <Text wrap="wrap">
        {status}
        {"\n"}dashboard error: {error.message}: showing the status line; q still quits safely
      </Text>
    );
  }
}
