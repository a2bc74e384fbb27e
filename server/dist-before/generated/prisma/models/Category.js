export {};
//# sourceMappingURL=Category.js.map
