/** Light/dark theme: follows the OS unless the user picks one. Only this choice is persisted. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'pem-inspector.theme';

export class Theme {
  choice = $state<ThemeChoice>('system');

  constructor() {
    try {
      const saved = localStorage.getItem(KEY);
      if (saved === 'light' || saved === 'dark' || saved === 'system') this.choice = saved;
    } catch {
      // Storage may be unavailable (privacy settings): the OS theme still applies.
    }
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      localStorage.setItem(KEY, choice);
    } catch {
      // not persisted; fine
    }
    this.apply();
  }

  cycle(): void {
    this.set(this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system');
  }

  apply(): void {
    if (this.choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.choice;
  }
}
