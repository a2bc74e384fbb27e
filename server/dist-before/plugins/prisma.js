import fp from 'fastify-plugin';
async function prismaPlugin(app, opts) {
  app.decorate('prisma', opts.prisma);
  if (opts.disconnectOnClose) app.addHook('onClose', async () => opts.prisma.$disconnect());
}
export default fp(prismaPlugin, { name: 'prisma', fastify: '5.x' });
//# sourceMappingURL=prisma.js.map
