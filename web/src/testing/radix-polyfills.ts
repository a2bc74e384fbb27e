/**
 * What radix-ui's menus, selects and dialogs need from a browser that jsdom lacks
 * (ResizeObserver, pointer capture, scrollIntoView). Import it at the top of a component test
 * that opens one of them: `import '@/testing/radix-polyfills';`.
 */
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

if (typeof window !== 'undefined') {
  if (!('ResizeObserver' in window)) {
    Object.defineProperty(window, 'ResizeObserver', { value: NoopResizeObserver, writable: true });
    Object.defineProperty(globalThis, 'ResizeObserver', {
      value: NoopResizeObserver,
      writable: true,
    });
  }
  const proto = window.HTMLElement.prototype as HTMLElement & Record<string, unknown>;
  proto.hasPointerCapture ??= () => false;
  proto.setPointerCapture ??= () => {};
  proto.releasePointerCapture ??= () => {};
  proto.scrollIntoView ??= () => {};
}
