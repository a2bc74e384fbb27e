export {};
//# sourceMappingURL=SavedView.js.map
