export {};
//# sourceMappingURL=SlaPolicy.js.map
