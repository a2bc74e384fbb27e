export {};
//# sourceMappingURL=ChatMessage.js.map
