/** The keyboard command (Alt+Shift+L by default) toggles the panel in the active tab. */
import { browser } from 'wxt/browser';
import { sendMessage } from '../messaging';

export function startCommands(): () => void {
  const onCommand = async (command: string) => {
    if (command !== 'toggle-panel') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await sendMessage('panel:toggle', undefined, tab.id).catch(() => undefined);
  };
  browser.commands?.onCommand.addListener(onCommand);
  return () => browser.commands?.onCommand.removeListener(onCommand);
}
