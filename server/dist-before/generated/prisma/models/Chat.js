export {};
//# sourceMappingURL=Chat.js.map
