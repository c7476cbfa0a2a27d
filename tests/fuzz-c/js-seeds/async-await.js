async function step(name, ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  console.log(name);
  return name.length;
}

const run = async () => {
  const lengths = await Promise.all([step('a', 10), step('bb', 5)]);
  console.log(lengths.reduce((sum, n) => sum + n, 0));
};

run().catch((err) => console.error(err.message));
